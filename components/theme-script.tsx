// The one inline script of the app: it applies the saved theme to <html> before the first paint,
// so a reader who chose dark never sees a light flash. Keep it tiny; a CSP nonce goes here.
export const THEME_STORAGE_KEY = "topcoins-theme";

const SCRIPT = `try{var t=localStorage.getItem("${THEME_STORAGE_KEY}");if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}`;

export function ThemeScript({ nonce }: { nonce?: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: a constant string, needed to run before hydration.
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: SCRIPT }} />;
}
