"use client";
// The interactive chart's frame: its size, read once on mount and then by one ResizeObserver, so
// recharts draws at a fixed size instead of measuring itself; and the focus handed over from the
// static chart it replaces.
import { useEffect, useLayoutEffect, useRef, useState } from "react";

export interface FrameSize {
  width: number;
  height: number;
}

export function useChartFrame(focusOnMount: boolean) {
  const frame = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<FrameSize | null>(null);

  // Before the first paint, so the chart never shows a blank frame in the static chart's place.
  useLayoutEffect(() => {
    const node = frame.current;
    if (!node) return;
    const { width, height } = node.getBoundingClientRect();
    setSize({ width, height });
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const { width: w, height: h } = entry.contentRect;
      setSize((old) => (old && old.width === w && old.height === h ? old : { width: w, height: h }));
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  // recharts mounts its keyboard surface a render or two after the frame has a size: focus it then.
  useEffect(() => {
    const node = frame.current;
    if (!focusOnMount || !node) return;
    const focusSurface = () => {
      const surface = node.querySelector<SVGElement>(".recharts-surface");
      surface?.focus();
      return surface !== null;
    };
    if (focusSurface()) return;
    const observer = new MutationObserver(() => {
      if (focusSurface()) observer.disconnect();
    });
    observer.observe(node, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [focusOnMount]);

  return { frame, size };
}
