"use client";
// Switches between the light and dark themes and remembers the choice. Without a saved choice the
// page follows prefers-color-scheme; components/theme-script.tsx applies a saved one before paint.
import { useCallback, useSyncExternalStore } from "react";
import { THEME_STORAGE_KEY } from "./theme-script";

type Theme = "light" | "dark";
const DARK_QUERY = "(prefers-color-scheme: dark)";
const listeners = new Set<() => void>();

function currentTheme(): Theme {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === "light" || chosen === "dark") return chosen;
  return window.matchMedia(DARK_QUERY).matches ? "dark" : "light";
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  const media = window.matchMedia(DARK_QUERY);
  media.addEventListener("change", onChange);
  return () => {
    listeners.delete(onChange);
    media.removeEventListener("change", onChange);
  };
}

export function ThemeToggle() {
  // null on the server and during hydration: the server cannot know the reader's theme.
  const theme = useSyncExternalStore<Theme | null>(subscribe, currentTheme, () => null);
  const toggle = useCallback(() => {
    const next: Theme = currentTheme() === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Private modes may refuse storage; the theme still applies to this page.
    }
    for (const listener of listeners) listener();
  }, []);
  return (
    <button
      type="button"
      className="theme-toggle"
      onClick={toggle}
      aria-pressed={theme === null ? undefined : theme === "dark"}
      title="Switch between the light and dark themes"
    >
      <span className="theme-icon" aria-hidden="true" /> <span className="theme-toggle-label">Dark theme</span>
    </button>
  );
}
