import { CoinNotFound } from "@/components/coin/coin-not-found";

export default function NotFound() {
  return <CoinNotFound />;
}
