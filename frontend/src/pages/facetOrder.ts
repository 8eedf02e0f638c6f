/** A value that is a number with an optional unit ("8", "128 ГБ", "6,1\"", "1.5 кг"): its number; else null. */
function leadingNumber(value: string): number | null {
  const match = /^\s*(-?\d+(?:[.,]\d+)?)(?:\s*[^\d\s][^\d]*)?\s*$/.exec(value);
  return match ? Number(match[1].replace(",", ".")) : null;
}

/** A facet's values in reading order: the numeric ones first, ascending by their number (8, 64, 128 … 1000);
 * then the others in the order the API gave them (most products first). */
export function sortFacetValues<T extends { value: string }>(values: readonly T[]): T[] {
  const numbered = values.map((item, index) => ({ item, index, number: leadingNumber(item.value) }));
  return numbered
    .sort((a, b) => {
      if (a.number !== null && b.number !== null) return a.number - b.number || a.index - b.index;
      if (a.number !== null) return -1;
      if (b.number !== null) return 1;
      return a.index - b.index;
    })
    .map(({ item }) => item);
}
