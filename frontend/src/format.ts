const money = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "75000.00" → "75,000.00 ₽"; the API's money is a decimal string. */
export function formatMoney(value: string | number): string {
  const amount = typeof value === "number" ? value : Number.parseFloat(value);
  return Number.isFinite(amount) ? `${money.format(amount)} ₽` : String(value);
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** {"Storage (GB)", "128"} → "128 GB", {"Colour", "Black"} → "Black": short labels for offer cards. */
export function shortParameter(name: string, value: string): string {
  const unit = name.match(/\(([^)]+)\)\s*$/)?.[1];
  return unit ? `${value} ${unit}` : value;
}
