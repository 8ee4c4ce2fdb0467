// A text a user names that may come down a pipe: `--changed-files <(git diff …)` in bash names
// /dev/fd/63, the read end of a pipe that the command writes to. The list is short and made by a
// command, not a file aac must refuse to wait on (a plan, a definition): read it to its end,
// bounded, without blocking the event loop (Ctrl-C still ends the run).
import { closeSync, fstatSync, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { OPEN_FLAGS, readOpened, refusalOf, textOf, type ReadRefusal } from './read-regular.js';
import { withoutBom } from './text.js';

/**
 * The text (UTF-8, a leading byte order mark dropped) of the regular file or the pipe (a FIFO) at
 * `path`, at most `maxBytes` of it, or why it was not read, as readRegularText says it. A pipe is
 * read until its writers close it; a named FIFO that no writer has opened yet is waited on, as
 * `cat` waits (Linux reports no hang-up to a reader that opened before any writer: fs/pipe.c,
 * pipe_poll), on the event loop, so a signal ends the wait. A device, a directory or a socket is
 * refused.
 */
export async function readFileOrPipeText(path: string, maxBytes: number, tooLargeHint: string): Promise<string | ReadRefusal> {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    return refusalOf(err);
  }
  let fifo: boolean;
  try {
    fifo = fstatSync(fd).isFIFO();
  } catch (err) {
    closeSync(fd);
    return refusalOf(err);
  }
  const got = fifo ? await drain(fd, maxBytes, tooLargeHint) : readOpened(fd, maxBytes, tooLargeHint);
  if (!Buffer.isBuffer(got)) return got;
  const text = textOf(got);
  return typeof text === 'string' ? withoutBom(text) : text;
}

/** All `fd` (a FIFO opened non-blocking) gives until its end, closed after; refused past `maxBytes`. */
function drain(fd: number, maxBytes: number, tooLargeHint: string): Promise<Buffer | ReadRefusal> {
  return new Promise((done) => {
    // libuv reads a pipe as a stream when it is readable, as it reads standard input.
    const pipe = new Socket({ fd, readable: true, writable: false });
    const chunks: Buffer[] = [];
    let got = 0;
    pipe.on('data', (chunk: Buffer) => {
      got += chunk.length;
      if (got > maxBytes) {
        pipe.destroy();
        done({ code: 'file-too-large', reason: `it gave more than ${maxBytes} bytes; at most ${maxBytes} are read`, hint: tooLargeHint });
        return;
      }
      chunks.push(chunk);
    });
    pipe.on('end', () => {
      pipe.destroy();
      done(Buffer.concat(chunks));
    });
    pipe.on('error', (err) => done(refusalOf(err)));
  });
}
