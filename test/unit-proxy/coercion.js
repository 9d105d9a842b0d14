// Variable coercion (spec 6.1.2 CoerceVariableValues) against graphql-js:
// for each (operation, variables) case, gql-check --coerce and graphql-js's
// getVariableValues must both succeed with the same coerced values, or both
// fail with the same messages.  Prints TAP.
//
// Usage: node coercion.js GQL_CHECK TEST_SCHEMA
'use strict';

const fs = require('fs');
const { execFileSync } = require('child_process');
const { buildSchema, parse, validate, getVariableValues } = require('graphql');

const [gqlCheck, schemaPath] = process.argv.slice(2);
const schema = buildSchema(fs.readFileSync(schemaPath, 'utf8'));

const Q = 'query Q($i: Int, $n: Int!, $d: Int = 7, $f: Float, $s: String, $b: Boolean, $id: ID, $e: FurColor,'
  + ' $l: [String!], $ll: [[Int]], $c: ComplexInput, $u: Url) { a: complicatedArgs { intArgField(intArg: $i)'
  + ' nonNullIntArgField(nonNullIntArg: $n) b: intArgField(intArg: $d) floatArgField(floatArg: $f)'
  + ' stringArgField(stringArg: $s) booleanArgField(booleanArg: $b) idArgField(idArg: $id) enumArgField(enumArg: $e)'
  + ' stringListNonNullArgField(stringListNonNullArg: $l) complexArgField(complexArg: $c) urlArgField(urlArg: $u) }'
  + ' dog { isAtLocation(x: $i) } h: human { relatives { iq } } x: complicatedArgs { intArgField(intArg: $d) }'
  + ' y: dog @skip(if: false) { name } z: complicatedArgs @include(if: true) { intListListArgField(intListListArg: $ll) } }';
const QLL = 'query Q($ll: [[Int]], $cs: [ComplexInput!]) { complicatedArgs { intListListArgField(intListListArg: $ll)'
  + ' complexListArgField(complexListArg: $cs) } }';
const cases = [
  [Q, { n: 1 }],
  [Q, { n: 1, i: null, d: null }],
  [Q, {}],
  [Q, null],
  [Q, { n: null }],
  [Q, { n: '1' }],
  [Q, { n: 1.5 }],
  [Q, { n: 1.0 }],
  [Q, { n: 2147483647 }],
  [Q, { n: 2147483648 }],
  [Q, { n: -2147483649 }],
  [Q, { n: true }],
  [Q, { n: [1] }],
  [Q, { n: 1, f: 3 }],
  [Q, { n: 1, f: 2.5 }],
  [Q, { n: 1, f: '2.5' }],
  [Q, { n: 1, s: 'text' }],
  [Q, { n: 1, s: 5 }],
  [Q, { n: 1, s: true }],
  [Q, { n: 1, s: ['a'] }],
  [Q, { n: 1, b: false }],
  [Q, { n: 1, b: 0 }],
  [Q, { n: 1, b: 'true' }],
  [Q, { n: 1, id: 'abc' }],
  [Q, { n: 1, id: 42 }],
  [Q, { n: 1, id: 4.2 }],
  [Q, { n: 1, id: false }],
  [Q, { n: 1, e: 'TAN' }],
  [Q, { n: 1, e: 'PURPLE' }],
  [Q, { n: 1, e: 3 }],
  [Q, { n: 1, e: 'tan' }],
  [Q, { n: 1, l: 'one' }],
  [Q, { n: 1, l: ['a', 'b'] }],
  [Q, { n: 1, l: ['a', null] }],
  [Q, { n: 1, l: [1] }],
  [Q, { n: 1, l: [] }],
  [Q, { n: 1, ll: [[1, null], null, [2]] }],
  [Q, { n: 1, ll: 5 }],
  [Q, { n: 1, ll: [5] }],
  [Q, { n: 1, ll: [['x']] }],
  [Q, { n: 1, c: { requiredField: true } }],
  [Q, { n: 1, c: { requiredField: false, nonNullField: true, intField: 3, stringListField: 'x', enumField: 'BLACK' } }],
  [Q, { n: 1, c: { requiredField: true, nested: { requiredField: false, nested: { requiredField: true } } } }],
  [Q, { n: 1, c: {} }],
  [Q, { n: 1, c: { requiredField: null } }],
  [Q, { n: 1, c: { requiredField: true, nonNullField: null } }],
  [Q, { n: 1, c: { requiredField: true, extra: 1 } }],
  [Q, { n: 1, c: { requiredField: true, nested: { intField: 1 } } }],
  [Q, { n: 1, c: 'x' }],
  [Q, { n: 1, c: [{ requiredField: true }] }],
  [Q, { n: 1, u: { any: ['json', 1, null] } }],
  [Q, { n: 1, u: 'https://example.com/' }],
  [Q, { n: 1, unknownVariable: 'ignored' }],
  [QLL, { ll: [[1]] }],
  [QLL, { cs: [{ requiredField: true }, { requiredField: false, intField: 2 }] }],
  [QLL, { cs: { requiredField: true } }],
  [QLL, { cs: [null] }],
  [QLL, { cs: [{ intField: 2 }] }],
];
// graphql-js: the coerced values (sorted keys) or the error messages.
function reference(query, variables) {
  const doc = parse(query);
  const verrors = validate(schema, doc);
  if (verrors.length) return { invalid: verrors.map((e) => e.message) };
  const op = doc.definitions.find((d) => d.kind === 'OperationDefinition');
  const r = getVariableValues(schema, op.variableDefinitions || [], variables || {});
  if (r.errors) return { errors: r.errors.map((e) => e.message.replace(/ Did you mean .*$/, '')) };
  return { coerced: JSON.parse(JSON.stringify(r.coerced)) };
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

const input = cases.map(([query, variables]) => JSON.stringify({ query, variables })).join('\n') + '\n';
const lines = execFileSync(gqlCheck, [schemaPath, '--coerce'], { input }).toString().trim().split('\n');
let n = 0;
let failed = 0;
cases.forEach(([query, variables], i) => {
  const ref = reference(query, variables);
  const got = JSON.parse(lines[i] || '{}');
  const mine = got.coerced !== undefined ? { coerced: got.coerced }
    : { errors: (got.errors || []).map((e) => e.message) };
  const codesOk = got.coerced !== undefined || (got.errors || []).every((e) => e.extensions.code === 'BAD_USER_INPUT');
  const ok = codesOk && JSON.stringify(sortKeys(ref)) === JSON.stringify(sortKeys(mine));
  n++;
  if (!ok) failed++;
  console.log(`${ok ? '' : 'not '}ok ${n} - variables ${JSON.stringify(variables)}${ref.errors ? ' rejected' : ' coerced'}`);
  if (!ok) {
    console.log(`# graphql-js: ${JSON.stringify(sortKeys(ref))}`);
    console.log(`# proxy:      ${JSON.stringify(sortKeys(mine))}${codesOk ? '' : ' (code not BAD_USER_INPUT)'}`);
  }
});
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
