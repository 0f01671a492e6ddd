import * as migration_20261126_085349_initial from './20261126_085349_initial';

export const migrations = [
  {
    up: migration_20261126_085349_initial.up,
    down: migration_20261126_085349_initial.down,
    name: '20261126_085349_initial'
  },
];
