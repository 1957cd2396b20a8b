import type { RenderedInjection } from './render.js';

export type InjectionOutcome = { changed: true; text: string } | { changed: false; reason: string };

/**
 * Applies one injection to a file's text. Skipped when the marker is already there, so running the
 * same generation twice changes nothing; skipped when before/after finds no match.
 * append/prepend insert the content as written; before/after insert it as whole lines, on the line
 * before the one where the first match starts, or after the one where it ends.
 */
export function inject(text: string, injection: RenderedInjection): InjectionOutcome {
  if (injection.marker !== '' && text.includes(injection.marker))
    return { changed: false, reason: 'marker present' };
  switch (injection.mode) {
    case 'append':
      return { changed: true, text: text + injection.content };
    case 'prepend':
      return { changed: true, text: injection.content + text };
    case 'before':
    case 'after': {
      const match = new RegExp(injection.pattern ?? '', 'mu').exec(text);
      if (!match) return { changed: false, reason: 'pattern not found' };
      const lines = injection.content.endsWith('\n') ? injection.content : `${injection.content}\n`;
      if (injection.mode === 'before') {
        const lineStart = text.lastIndexOf('\n', match.index - 1) + 1;
        return { changed: true, text: text.slice(0, lineStart) + lines + text.slice(lineStart) };
      }
      const end = match.index + match[0].length;
      const at = match[0].endsWith('\n') ? end : text.indexOf('\n', end) + 1;
      if (at === 0) return { changed: true, text: `${text}\n${lines}` };
      return { changed: true, text: text.slice(0, at) + lines + text.slice(at) };
    }
  }
}
