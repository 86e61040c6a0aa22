// Turn a bot reply's plain text into safe DOM: paragraphs, line breaks and links.
// Nothing from the server is ever inserted as HTML.

// [text](https://…) or a bare http(s) address (trailing punctuation left out).
const LINK = /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'])/g;

/** Append `line` to `parent`, turning links into <a> elements. */
function appendLine(parent, line) {
  let last = 0;
  for (const match of line.matchAll(LINK)) {
    if (match.index > last) parent.append(line.slice(last, match.index));
    const href = match[2] || match[3];
    const a = document.createElement("a");
    a.href = href;
    a.textContent = match[1] || href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    // Opening a new window is announced (WCAG 3.2.5 advisory, G201).
    const hint = document.createElement("span");
    hint.className = "va-sr";
    hint.textContent = " (åbner i nyt vindue)";
    a.append(hint);
    parent.append(a);
    last = match.index + match[0].length;
  }
  if (last < line.length) parent.append(line.slice(last));
}

/**
 * Render `text` into a fragment of <p> elements: blank lines separate paragraphs,
 * single line breaks become <br>, and a "Kilde: …" line gets its own styled paragraph.
 */
export function renderText(text) {
  const fragment = document.createDocumentFragment();
  const paragraphs = String(text).replace(/\r\n?/g, "\n").split(/\n{2,}/);
  for (const block of paragraphs) {
    if (!block.trim()) continue;
    const lines = block.split("\n");
    let p = null;
    for (const line of lines) {
      const isSource = /^\s*Kilde:/.test(line);
      if (isSource || !p) {
        p = document.createElement("p");
        if (isSource) p.className = "va-source";
        fragment.append(p);
      } else {
        p.append(document.createElement("br"));
      }
      appendLine(p, line);
      if (isSource) p = null;
    }
  }
  return fragment;
}
