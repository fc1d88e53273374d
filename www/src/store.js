// Autosave: the spec and its options in localStorage, written shortly after each change and when
// the page is hidden or left, so a reload or a closed tab loses nothing.
const KEY = "k7-spec-editor:v1";

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
