// a type error, not a syntax error: tsc must refuse it
const n: number = "three";
console.log(n);
