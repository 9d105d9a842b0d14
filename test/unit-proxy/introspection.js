// A real GraphQL client against the proxy's introspection: graphql-js runs
// getIntrospectionQuery() through proxy/gql-check --introspect (the same
// code the server answers with), builds the client schema, and checks that
// it is the served SDL without the SQL mapping directives.  Prints TAP.
//
// Usage: node introspection.js GQL_CHECK PROXY_SCHEMA
'use strict';

const fs = require('fs');
const { execFileSync } = require('child_process');
const {
  getIntrospectionQuery, buildClientSchema, buildSchema, printSchema, parse, validate,
  GraphQLSchema, isSpecifiedDirective,
} = require('graphql');

const [gqlCheck, schemaPath] = process.argv.slice(2);
let n = 0;
let failed = 0;
function ok(cond, name, diag) {
  n++;
  if (!cond) failed++;
  console.log(`${cond ? '' : 'not '}ok ${n} - ${name}`);
  if (!cond && diag) console.log(`# ${String(diag).split('\n').join('\n# ')}`);
}
function run(query, variables) {
  const args = [schemaPath, '--introspect'];
  if (variables) args.push(JSON.stringify(variables));
  return JSON.parse(execFileSync(gqlCheck, args, { input: query }).toString());
}

const sdl = fs.readFileSync(schemaPath, 'utf8');
const server = buildSchema(sdl);
const query = getIntrospectionQuery({
  descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true,
  schemaDescription: true, inputValueDeprecation: true,
});
const res = run(query);
ok(res.data && !res.errors, 'getIntrospectionQuery() is answered without errors', JSON.stringify(res.errors));

let client = null;
try {
  client = buildClientSchema(res.data);
} catch (e) {
  ok(false, 'buildClientSchema accepts the result', e.stack);
}
if (client) ok(true, 'buildClientSchema accepts the result');

// the served schema minus the type-system-only (mapping) directives
const execLocations = new Set(['QUERY', 'MUTATION', 'SUBSCRIPTION', 'FIELD', 'FRAGMENT_DEFINITION',
  'FRAGMENT_SPREAD', 'INLINE_FRAGMENT', 'VARIABLE_DEFINITION']);
const cfg = server.toConfig();
const publicDirectives = cfg.directives.filter((d) => isSpecifiedDirective(d) || d.locations.some((l) => execLocations.has(l)));
const hidden = cfg.directives.filter((d) => !publicDirectives.includes(d)).map((d) => d.name);
const expected = new GraphQLSchema({ ...cfg, directives: publicDirectives });
if (client) {
  const a = printSchema(client);
  const b = printSchema(expected);
  ok(a === b, 'client schema prints exactly like the served SDL (descriptions, defaults, deprecations)',
    a === b ? '' : a.split('\n').filter((l, i) => l !== b.split('\n')[i]).slice(0, 5).join('\n'));
  ok(hidden.length > 0 && hidden.every((name) => !client.getDirective(name)),
    `mapping directives are hidden (${hidden.join(', ')})`);
  for (const name of ['Query', 'Mutation', 'User', 'Interview', 'Task', 'Submission', 'TestResult', 'Problem',
    'TestCase', 'Company', 'Language', 'AuthPayload', 'SubmissionStatus', 'Judgement']) {
    ok(client.getType(name) !== undefined, `client schema has type ${name}`);
  }
  for (const q of [
    '{ currentInterview { user { username } startTime finishedTime expiredTime taskSet { submissionSet { code } problem { title text } } } }',
    'query ($interview_id: ID!) { interview(id: $interview_id) { id } }',
    'mutation { startInterview { id } }',
    'mutation { createCompany(name: "x") { company { id } } }',
  ]) {
    const errors = validate(client, parse(q));
    ok(errors.length === 0, `client schema validates: ${q.slice(0, 60)}`, errors.map(String).join('\n'));
  }
  ok(validate(client, parse('{ allCompanies { nope } }')).length === 1, 'client schema rejects an unknown field');
}

// __type with a variable, aliases, fragments, __typename and includeDeprecated
const r2 = run('query T($n: String!) { t: __type(name: $n) { ...K } __typename } fragment K on __Type { kind name enumValues(includeDeprecated: true) { name } }',
  { n: 'Judgement' });
ok(r2.data && r2.data.t && r2.data.t.kind === 'ENUM' && r2.data.t.enumValues.map((v) => v.name).join(',') === 'AC,WA,CE,RE,TLE,MLE,OLE,IE' &&
  r2.data.__typename === 'Query', '__type with a variable, alias and fragment', JSON.stringify(r2));
const r3 = run('{ __type(name: "NoSuchType") { name } }');
ok(r3.data && r3.data.__type === null, 'unknown __type is null', JSON.stringify(r3));
const r4 = run('query T($n: String!) { __type(name: $n) { name } }', { n: 5 });
ok(r4.errors && r4.errors[0].extensions.code === 'BAD_USER_INPUT' && !r4.data, 'wrong variable type is BAD_USER_INPUT', JSON.stringify(r4));
const r5 = run('{ __schema { types { name } } __schema { queryType { name } } }');
ok(r5.data && r5.data.__schema.types.length > 10 && r5.data.__schema.queryType.name === 'Query',
  'same response key merges sub-selections', JSON.stringify(r5).slice(0, 200));
const r6 = run('{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }');
ok(r6.errors && /introspection depth/.test(r6.errors[0].message) && r6.errors[0].extensions.code === 'GRAPHQL_VALIDATION_FAILED',
  'overly deep introspection is refused', JSON.stringify(r6).slice(0, 200));
const r7 = run('{ __schema { queryType { name } ');
ok(r7.errors && r7.errors[0].extensions.code === 'GRAPHQL_PARSE_FAILED' && r7.errors[0].locations[0].line === 1,
  'syntax errors have code and location', JSON.stringify(r7));

console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
