// Files dropped from the file manager: which attachment list on screen they
// go to. The backend reports the drag (never the paths); each AttachmentList
// on screen is a drop zone, and the one the files would land in is
// highlighted while they are dragged over the window.

import type { FileDrag } from '../../lib/bindings/FileDrag';
import { onFileDrag } from '../../lib/backend';
import { dropTarget } from '../../lib/attachments';

export interface DropZone {
  /** The zone's box on screen. */
  element: HTMLElement;
  /** Whether files dragged now would land here. */
  setActive(active: boolean): void;
  /** The files dropped here: `attach_dropped` with `token` attaches them. */
  drop(token: string, names: string[]): void;
}

const zones = new Set<DropZone>();
let active: DropZone | null = null;
let stopListening: Promise<() => void> | null = null;
let guarded = false;

/** Makes `zone` a place dropped files can go; returns the function that ends that. */
export function registerDropZone(zone: DropZone): () => void {
  zones.add(zone);
  guardPage();
  stopListening ??= onFileDrag(onDrag);
  return () => {
    zones.delete(zone);
    if (active === zone) {
      active = null;
    }
    if (zones.size === 0 && stopListening !== null) {
      const stopping = stopListening;
      stopListening = null;
      void stopping.then((stop) => stop());
    }
  };
}

function zoneAt(x: number, y: number): DropZone | null {
  const list = [...zones];
  const index = dropTarget(
    list.map((zone) => zone.element.getBoundingClientRect()),
    x,
    y,
    window.innerWidth,
    window.innerHeight,
  );
  return index === null ? null : (list[index] ?? null);
}

function activate(zone: DropZone | null): void {
  if (zone === active) {
    return;
  }
  active?.setActive(false);
  active = zone;
  active?.setActive(true);
}

function onDrag(drag: FileDrag): void {
  if (drag.kind === 'leave') {
    activate(null);
    return;
  }
  const zone = zoneAt(drag.x, drag.y);
  if (drag.kind === 'over') {
    activate(zone);
    return;
  }
  activate(null);
  zone?.drop(drag.token, drag.names);
}

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target.closest('textarea, input') !== null);
}

/**
 * WebKit never gets to open what is dropped on the page (it would navigate
 * the window to a dropped file or link): the page takes every drop but text
 * dropped into a text field. Files are taken before WebKit sees them by the
 * backend's native handler, and the backend refuses any navigation away from
 * the app besides.
 */
function guardPage(): void {
  if (guarded) {
    return;
  }
  guarded = true;
  window.addEventListener('dragover', (event) => {
    if (!isEditable(event.target)) {
      event.preventDefault();
    }
  });
  window.addEventListener('drop', (event) => {
    if (!isEditable(event.target) || (event.dataTransfer?.files.length ?? 0) > 0) {
      event.preventDefault();
    }
  });
}
