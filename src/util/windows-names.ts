// The file names a Windows checkout cannot hold, stated once: Microsoft's "Naming Files, Paths,
// and Namespaces" (learn.microsoft.com, Win32 file naming conventions) reserves the characters
// < > : " / \ | ? * and the device names below, and a name may not end in a space or a period
// (Windows drops them, so the name is another). Git for Windows refuses to check such a path out
// (core.protectNTFS, on by default), so the clone there lacks the file. macOS holds all of these.

/**
 * Names Windows reserves for devices, whatever follows their first `.` (`con.yaml` and
 * `nul.tar.gz` are the console and the null device there), in any case.
 */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)/i;

/** The characters a Windows file name cannot hold, but for the control characters aac refuses in every name (invisible.ts). */
const WINDOWS_RESERVED = /[<>:"|?*\\]/;

/** Whether `name` (one step of a path) is, or starts as, a Windows device name: `con`, `CON.yaml`, `lpt1.x`. */
export function isWindowsDevice(name: string): boolean {
  return WINDOWS_DEVICE.test(name);
}

/**
 * Why Windows cannot hold a file or directory named `name` (one step of a path), in words
 * (`` `:` cannot appear in a file name on Windows ``), and how to rename it (`` without the `:` ``);
 * undefined when it can.
 */
export function windowsNameProblem(name: string): { why: string; rename: string } | undefined {
  const reserved = WINDOWS_RESERVED.exec(name)?.[0];
  if (reserved !== undefined) return { why: `\`${reserved}\` cannot appear in a file name on Windows`, rename: `without the \`${reserved}\`` };
  if (isWindowsDevice(name)) {
    const device = name.split('.')[0]!;
    return { why: `\`${device}\` names a device on Windows, whatever extension follows it`, rename: 'to a name that is no device\'s' };
  }
  if (/[ .]$/.test(name)) return { why: 'a name cannot end in a space or a `.` on Windows', rename: 'without the trailing space or `.`' };
  return undefined;
}
