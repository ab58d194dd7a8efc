export interface NoopActivities {
  noop(): Promise<void>;
}

export const noopActivities: NoopActivities = {
  async noop() {
    // Deliberately nothing: the bare workflow measures Temporal alone.
  },
};
