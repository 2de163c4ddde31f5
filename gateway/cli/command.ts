/** The shape of a pxg sub-command, shared by the command table and the commands it loads. */

/** A sub-command: receives its own arguments, returns the process exit code. */
export type Command = (args: string[]) => Promise<number>;
