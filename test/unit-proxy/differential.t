# graphql-js and proxy/gql-check give the same verdict on every corpus document.
exec node test/unit-proxy/differential.js proxy/gql-check proxy/schema.graphql test/unit-proxy/test-schema.graphql
