// Names of Västernorrland's municipalities as the pages show them.
const NAMES = {
  "municipality-2260": "Ånge", "municipality-2262": "Timrå", "municipality-2280": "Härnösand",
  "municipality-2281": "Sundsvall", "municipality-2282": "Kramfors", "municipality-2283": "Sollefteå",
  "municipality-2284": "Örnsköldsvik",
};
export function unitName(id) { return NAMES[id] || id; }
