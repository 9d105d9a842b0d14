# Variable coercion agrees with graphql-js's getVariableValues (values and messages).
exec node test/unit-proxy/coercion.js proxy/gql-check test/unit-proxy/test-schema.graphql
