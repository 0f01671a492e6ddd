import * as migration_20261126_085003_initial from './20261126_085003_initial';

export const migrations = [
  {
    up: migration_20261126_085003_initial.up,
    down: migration_20261126_085003_initial.down,
    name: '20261126_085003_initial'
  },
];
