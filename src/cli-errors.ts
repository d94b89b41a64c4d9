/** A command that ran but could not do what was asked (an unknown key id): exit code 1. */
export class CommandError extends Error {}
