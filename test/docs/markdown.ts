/**
 * Just enough Markdown reading for the docs tests: the headings' anchors as GitHub makes them
 * and the relative links of a file (code blocks and inline code are skipped).
 */

/**
 * GitHub's heading anchor (github-slugger): the heading's text in lower case, without every
 * character that is not a letter, mark, number, `_`, `-` or space, spaces turned into `-`.
 * Repeats get `-1`, `-2`, … (see `anchorsOf`).
 */
export function githubSlug(headingText: string): string {
	return headingText
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/** What GitHub renders of a heading's Markdown: link and image text, code, no emphasis marks. */
export function headingText(markdown: string): string {
	return markdown
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/<[^>]+>/g, '')
		.replace(/`([^`]*)`/g, '$1')
		.replace(/(\*\*|__)(.+?)\1/g, '$2')
		.replace(/(^|[^\w])[*_](.+?)[*_](?=[^\w]|$)/g, '$1$2')
		.trim();
}

/** Lines outside fenced code blocks, with their 1-based line numbers. */
function proseLines(markdown: string): Array<{ line: number; text: string }> {
	const out: Array<{ line: number; text: string }> = [];
	let fence: string | undefined;
	markdown.split('\n').forEach((text, index) => {
		const marker = /^\s*(```|~~~)/.exec(text)?.[1];
		if (marker && (fence === undefined || fence === marker)) {
			fence = fence === undefined ? marker : undefined;
			return;
		}
		if (fence === undefined) out.push({ line: index + 1, text });
	});
	return out;
}

/** Every anchor a file's headings (ATX `#` headings) get on GitHub. */
export function anchorsOf(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const anchors = new Set<string>();
	for (const { text } of proseLines(markdown)) {
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
		if (!heading) continue;
		const base = githubSlug(headingText(heading[1]));
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		anchors.add(count === 0 ? base : `${base}-${count}`);
	}
	return anchors;
}

export interface MarkdownLink {
	line: number;
	target: string;
}

/** Inline links and images `[text](target)` / `![alt](target)` outside code. */
export function linksOf(markdown: string): MarkdownLink[] {
	const links: MarkdownLink[] = [];
	for (const { line, text } of proseLines(markdown)) {
		const withoutCode = text.replace(/`[^`]*`/g, '');
		for (const match of withoutCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
			links.push({ line, target: match[1] });
		}
	}
	return links;
}

/** A link that leaves the repository's files: a URL with a scheme (https:, mailto:, …). */
export function isExternal(target: string): boolean {
	return /^[a-z][a-z0-9+.-]*:/i.test(target);
}
