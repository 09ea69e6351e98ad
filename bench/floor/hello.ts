// Floor for startup: the smallest compiled Bun program.
console.log("hello");
