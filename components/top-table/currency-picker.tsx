// The dashboard's currency: every currency `vs=` offers, fiat first, then the crypto units. The
// choice goes into the URL (shareable) and a cookie (the next visit opens in it).
import { CURRENCIES } from "@/lib/domain/currencies";
import { CURRENCY_COOKIE } from "@/lib/ui/view-params";

const FIAT = CURRENCIES.filter((currency) => currency.kind === "fiat");
const CRYPTO = CURRENCIES.filter((currency) => currency.kind === "crypto");

/** Remembers the reader's currency for a year; the server reads it when the URL names none. */
export function rememberCurrency(code: string): void {
  // biome-ignore lint/suspicious/noDocumentCookie: one first-party preference, read by the server on the next visit.
  document.cookie = `${CURRENCY_COOKIE}=${code}; path=/; max-age=31536000; samesite=lax`;
}

interface CurrencyPickerProps {
  id: string;
  value: string;
  onChange: (code: string) => void;
}

export function CurrencyPicker({ id, value, onChange }: CurrencyPickerProps) {
  return (
    <div className="control">
      <label htmlFor={id}>Currency</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <optgroup label="Currencies">
          {FIAT.map((currency) => (
            <option key={currency.code} value={currency.code}>
              {currency.code} · {currency.name}
            </option>
          ))}
        </optgroup>
        <optgroup label="Crypto units">
          {CRYPTO.map((currency) => (
            <option key={currency.code} value={currency.code}>
              {currency.code} · {currency.name}
            </option>
          ))}
        </optgroup>
      </select>
    </div>
  );
}
