// htm bound to Preact: tagged templates that render through Preact, which escapes every value.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
