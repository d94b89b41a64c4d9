// `baken users …`: staff accounts of the web console. The password is read from a terminal prompt
// that does not echo (asked twice), or from standard input with --password-stdin (for scripts:
// `printf %s "$PW" | npm run baken -- users create … --password-stdin`); never from an argument,
// which would land in shell history and in `ps`.
import { Writable } from 'node:stream';
import { createInterface } from 'node:readline/promises';
import type { Role } from '../services/kernel/api-keys.ts';
import type { AppContext } from '../services/kernel/context.ts';
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from '../services/staff/passwords.ts';
import { createStaffUser, disableStaffUser, findStaffUserRef, listStaffUsers } from '../services/staff/users.ts';
import { CLI_ACTOR, CommandError, table, when, type Io } from './common.ts';

export interface PasswordSource {
  /** Reads standard input to its end (for --password-stdin). */
  stdin: () => Promise<string>;
  /** A prompt that does not echo, or undefined when standard input is not a terminal. */
  prompt: ((question: string) => Promise<string>) | undefined;
}

export async function readPassword(source: PasswordSource, fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    // One trailing newline (from echo or a here-string) is not part of the password.
    return (await source.stdin()).replace(/\r?\n$/, '');
  }
  if (!source.prompt) throw new CommandError('No terminal to ask for the password: pass it on standard input with --password-stdin.');
  const first = await source.prompt(`Password (${PASSWORD_MIN} to ${PASSWORD_MAX} characters): `);
  const problem = passwordProblem(first);
  if (problem) throw new CommandError(`The password must have ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`);
  const second = await source.prompt('Repeat the password: ');
  if (first !== second) throw new CommandError('The passwords do not match.');
  return first;
}

export async function createUser(ctx: AppContext, o: { email: string; role: Role; name: string | undefined; password: string }, io: Io): Promise<void> {
  if (passwordProblem(o.password)) throw new CommandError(`The password must have ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`);
  try {
    const user = await createStaffUser(ctx, CLI_ACTOR, o);
    io.out(`Created staff account ${user.id} ${user.email} (role ${user.role}). Sign in at ${ctx.config.publicUrl}/${ctx.config.defaultLocale}/admin`);
  } catch (e) {
    if (e instanceof Error && 'code' in e) throw new CommandError(e.message);
    throw e;
  }
}

export function listUsers(ctx: AppContext, io: Io): void {
  const users = listStaffUsers(ctx.db);
  if (users.length === 0) {
    io.out('No staff accounts yet. Create the first with: npm run baken -- users create --email <email> --role admin');
    return;
  }
  const header = ['ID', 'EMAIL', 'NAME', 'ROLE', 'CREATED', 'LAST SIGN-IN', 'DISABLED'];
  for (const line of table([header, ...users.map((u) => [String(u.id), u.email, u.name || '-', u.role, when(u.createdAt), when(u.lastSignInAt), when(u.disabledAt)])])) io.out(line);
}

export function disableUser(ctx: AppContext, ref: string, io: Io): void {
  const found = findStaffUserRef(ctx.db, ref);
  if (!found) throw new CommandError(`No staff account ${ref}.`);
  if (found.disabledAt !== null) {
    io.out(`Staff account ${found.id} ${found.email} was already disabled at ${when(found.disabledAt)}.`);
    return;
  }
  const user = disableStaffUser(ctx, CLI_ACTOR, found.id);
  io.out(`Disabled staff account ${user.id} ${user.email} at ${when(user.disabledAt)}; its sessions are ended.`);
}

/** The real terminal and standard input of the process. */
export function processPasswordSource(): PasswordSource {
  return {
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
    prompt: process.stdin.isTTY
      ? async (question) => {
          // Echo off: readline writes what is typed to `output`, which drops everything but the question.
          let muted = false;
          const output = new Writable({
            write(chunk, _encoding, done) {
              if (!muted) process.stdout.write(chunk as Buffer);
              done();
            },
          });
          const rl = createInterface({ input: process.stdin, output, terminal: true });
          try {
            const answer = rl.question(question);
            muted = true;
            return await answer;
          } finally {
            rl.close();
            process.stdout.write('\n');
          }
        }
      : undefined,
  };
}
