import { parse } from "parse5";

/** An HTML document as parse5 builds it (the browser's parsing algorithm): just what the specs read. */
export type HtmlNode = { nodeName: string; tagName?: string; value?: string; childNodes?: HtmlNode[]; attrs?: { name: string; value: string }[] };

export const parseHtml = (html: string): HtmlNode => parse(html) as HtmlNode;
/** Every element below `node`, in document order. */
export const elements = (node: HtmlNode): HtmlNode[] => (node.childNodes ?? []).flatMap((c) => (c.nodeName.startsWith("#") ? [] : [c, ...elements(c)]));
export const attr = (node: HtmlNode, name: string): string | undefined => node.attrs?.find((a) => a.name === name)?.value;
export const textOf = (node: HtmlNode): string => (node.nodeName === "#text" ? node.value! : (node.childNodes ?? []).map(textOf).join(""));
export const byTag = (root: HtmlNode, tag: string): HtmlNode[] => elements(root).filter((e) => e.tagName === tag);
