import "./page-states.css";
// The states of `/` that have no table: a bad query, and the banner for simulated data.
import Link from "next/link";

export function BadQuery({ message, depth }: { message: string; depth: number }) {
  return (
    <div className="state-panel state-error">
      <span className="state-icon" aria-hidden="true">
        !
      </span>
      <div>
        <p className="state-title">This view cannot be shown</p>
        <p role="alert">{message}</p>
        <p>
          <Link href="/">Show the top {depth} coins</Link> or pick one of{" "}
          {[10, 50, 100]
            .filter((n) => n < depth)
            .map((n) => (
              <span key={n}>
                <Link href={`/?limit=${n}`}>top {n}</Link>,{" "}
              </span>
            ))}
          from the list.
        </p>
      </div>
    </div>
  );
}

export function SimulatedBanner() {
  return (
    <p className="banner banner-info" role="note">
      <strong>Simulated data:</strong> these prices come from the Top Coins market simulator, not from the real
      providers.
    </p>
  );
}
