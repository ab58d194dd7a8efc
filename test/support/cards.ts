/** The card numbers tests pay with (the simulated gateway's: approved, declined, flaky). */
export const CARDS = {
  ok: '4242424242424242',
  declined: '4000000000000002',
  flaky: '4000000000000119',
} as const;
