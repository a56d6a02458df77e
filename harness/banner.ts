/** Papermill-like markers in an executed notebook that failed: a banner on top, an anchor before the cell. */
import type { ICell, IMarkdownCell } from '@jupyterlab/nbformat';
import { escapeHtml } from '../lib/errors';
import { cellTags, newCellId } from './notebook';

export const BANNER_TAG = 'hepml-error-banner';
export const ANCHOR_ID = 'hepml-error-cell';

function markdownCell(source: string): IMarkdownCell {
  return { id: newCellId(), cell_type: 'markdown', metadata: { tags: [BANNER_TAG] }, source };
}

/** The banner: what failed and a link to the anchor. */
export function bannerCell(cellLabel: string, ename: string, evalue: string): IMarkdownCell {
  const text = escapeHtml(`${ename}: ${evalue}`);
  return markdownCell(`<span style="color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;">An exception was encountered at <a href="#${ANCHOR_ID}">${cellLabel}</a>.</span>\n\n<code>${text}</code>`);
}

/** The anchor placed right before the failed cell. */
export function anchorCell(): IMarkdownCell {
  return markdownCell(`<span id="${ANCHOR_ID}" style="color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;">Execution using hepml run encountered an exception here and stopped:</span>`);
}

/** Drops banners and anchors of an earlier run. */
export function withoutBanners(cells: ICell[]): ICell[] {
  return cells.filter((c) => !cellTags(c).includes(BANNER_TAG));
}
