// How long one stored piece of an output line may be, and where to cut a longer line.

/**
 * The longest piece of a line, in UTF-16 code units (64 Ki units: 64 KiB of ASCII). A longer
 * line is handed on in pieces of at most this many units, each but the last marked continued.
 */
export const MAX_PIECE_UNITS = 64 * 1024;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Where to cut `text` at most `max` units after `from` without splitting a surrogate pair. */
export function pieceEnd(text: string, from: number, max: number): number {
  const end = from + max;
  return end < text.length && isHighSurrogate(text.charCodeAt(end - 1)) ? end - 1 : end;
}
