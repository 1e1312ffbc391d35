import "./site-header.css";
import { NavLinks } from "./nav-links";
import { ThemeToggle } from "./theme-toggle";

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Top Coins
        </span>
        <NavLinks />
        <ThemeToggle />
      </div>
    </header>
  );
}
