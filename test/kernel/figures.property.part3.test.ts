import { describe } from 'vitest';
import { propertyPart } from './figuresProperty.js';

// The kernel property of issue 10, part 3 of 3: see figuresProperty.ts and figures.property.test.ts.
describe('figures equals the fields of assess, byte for byte (kernel property, part 3 of 3)', () => {
  propertyPart(2);
});
