// Floor for `kit sessions check <file>`: read the file and JSON.parse every line, print the count.
import { parseEveryLine } from "../support/sessions-parse.ts";

console.log(parseEveryLine(process.argv[2]!));
