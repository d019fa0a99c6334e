// Boot of the counting thread: TypeScript sources run through tsx, as in the `qala` command.
import { register } from 'tsx/esm/api';

register();
await import('./tally-thread.worker.ts');
