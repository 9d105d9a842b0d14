# graphql-js builds a client schema from the proxy's introspection answer.
exec node test/unit-proxy/introspection.js proxy/gql-check proxy/schema.graphql
