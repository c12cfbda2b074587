/** A count with its noun: `1 shard`, `3 shards`, `0 runs`. */
export const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
