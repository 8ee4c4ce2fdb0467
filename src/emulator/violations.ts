// The responses any emulator of this process sent that its dialect's official schemas reject (in
// test mode, server.ts), kept until test/setup drains them after each test. A module of its own,
// with no imports: the setup runs in every test file, and most never start an emulator, so what
// it loads is paid by all of them.

export interface ResponseViolation {
  route: string;
  status: number;
  errors: string[];
}

const unclaimed: ResponseViolation[] = [];

/** Keeps `violation` for the next takeResponseViolations(). */
export function recordViolation(violation: ResponseViolation): void {
  unclaimed.push(violation);
}

/** Every violation any emulator in this process recorded since the last call; test/setup drains it after each test. */
export function takeResponseViolations(): ResponseViolation[] {
  return unclaimed.splice(0, unclaimed.length);
}
