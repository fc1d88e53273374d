// Autosave: the spec and its options in localStorage, written shortly after each change and when
// the page is hidden or left, so a reload or a closed tab loses nothing.
//
// And a marker, set while a restored spec is shown for the first time and cleared once it is: a
// marker found at the next load means that load never finished (the page froze or was closed),
// and the page then opens the spec without rendering it, so no spec can freeze every load.
const KEY = "k7-spec-editor:v1";
const LOADING = "k7-spec-editor:loading";

/** Whether a load that showed a restored spec never finished. */
export function loadInterrupted() {
  try {
    return localStorage.getItem(LOADING) !== null;
  } catch {
    return false;
  }
}

/** Sets the marker: a restored spec is about to be shown. */
export function markLoading() {
  try {
    localStorage.setItem(LOADING, String(Date.now()));
  } catch {
    // No storage: no marker, and nothing restored from it either.
  }
}

/** Clears the marker: the spec is shown. */
export function clearLoading() {
  try {
    localStorage.removeItem(LOADING);
  } catch {
    // As above.
  }
}

export function loadSaved() {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? "null");
    return typeof value?.spec === "string" ? value : null;
  } catch {
    return null;
  }
}

export function autosaver(getState, onSaved) {
  let timer = null;
  const save = () => {
    clearTimeout(timer);
    timer = null;
    try {
      localStorage.setItem(KEY, JSON.stringify(getState()));
      onSaved(true);
    } catch {
      onSaved(false);
    }
  };
  const flush = () => timer !== null && save();
  addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && flush());
  return {
    schedule() {
      clearTimeout(timer);
      timer = setTimeout(save, 300);
    },
    save,
  };
}
