import { textLabel, type DraftDoc } from './docTypes.js';

/** A finding as the checks deliver it: the schema's issues, the engine's lint, the model's problems. */
export interface RawFinding {
  path: (string | number)[];
  message: string;
  severity: 'error' | 'warning';
  code: string;
}

/** A finding in the producer's words: what is wrong, where, and how to fix it. */
export interface ProducerMessage {
  severity: 'error' | 'warning';
  /** The field to go to (the first of the findings this message stands for). */
  path: (string | number)[];
  text: string;
  fix: string;
  /** How many raw findings this one message stands for (one mistake often makes several). */
  count: number;
}

type Lang = 'en' | 'nl';
type Vars = Record<string, string | number>;

/** Sentences of the checks, by kind of mistake: [what is wrong, how to fix it]. */
const TEXT: Record<string, Record<Lang, [string, string]>> = {
  unknownAttribute: {
    en: [
      '{where} names the attribute “{attr}”, which this product does not have.',
      'Choose one of the product’s attributes in the rule builder, or remove this part.',
    ],
    nl: [
      '{where} noemt het kenmerk “{attr}”, dat dit product niet heeft.',
      'Kies in de regelbouwer een kenmerk van het product, of verwijder dit deel.',
    ],
  },
  unknownOption: {
    en: [
      '{where} names the option “{option}” of {attr}, which does not exist.',
      'Pick one of its options in the rule builder (it is flagged there), or remove it.',
    ],
    nl: [
      '{where} noemt de optie “{option}” van {attr}, die niet bestaat.',
      'Kies in de regelbouwer een van de opties (ze is daar gemarkeerd), of verwijder haar.',
    ],
  },
  noneNotAllowed: {
    en: ['{where} uses “none” for {attr}, which always has a value.', 'Make {attr} optional, or pick one of its options.'],
    nl: [
      '{where} gebruikt “geen” voor {attr}, dat altijd een waarde heeft.',
      'Maak {attr} optioneel, of kies een van de opties.',
    ],
  },
  textCompare: {
    en: [
      '{where} compares the text {attr} with an option; a text can only be empty or filled in.',
      'Use “has a text” or “has no text”.',
    ],
    nl: [
      '{where} vergelijkt de tekst {attr} met een optie; een tekst kan alleen leeg of ingevuld zijn.',
      'Gebruik “heeft een tekst” of “heeft geen tekst”.',
    ],
  },
  tooFewValues: {
    en: ['{where} has no {field} yet.', 'Tick at least {n}.'],
    nl: ['{where} heeft nog geen {field}.', 'Vink er minstens {n} aan.'],
  },
  empty: {
    en: ['{where}: {field} is empty.', 'Fill it in.'],
    nl: ['{where}: {field} is leeg.', 'Vul het in.'],
  },
  badValue: {
    en: [
      '{where}: {field} has a value that does not fit.',
      'Correct it in the form (the JSON view shows the details: {detail}).',
    ],
    nl: [
      '{where}: {field} heeft een waarde die niet past.',
      'Verbeter het in het formulier (de JSON-weergave toont de details: {detail}).',
    ],
  },
  unknownFields: {
    en: ['{where} has fields the studio does not know: {fields}.', 'Remove them in the JSON view.'],
    nl: ['{where} heeft velden die de studio niet kent: {fields}.', 'Verwijder ze in de JSON-weergave.'],
  },
  duplicateId: {
    en: ['Two {what} have the id “{id}”.', 'Give each its own id.'],
    nl: ['Twee {what} hebben de id “{id}”.', 'Geef elk een eigen id.'],
  },
  noTarget: {
    en: ['{where} changes no part of the model.', 'Tick the materials or meshes it colours, on the attribute or on the option.'],
    nl: [
      '{where} verandert geen enkel deel van het model.',
      'Vink de materialen of meshes aan die het kleurt, bij het kenmerk of bij de optie.',
    ],
  },
  inNoStep: {
    en: ['{attr} is in no step, so shoppers never see it.', 'Pick a step for it.'],
    nl: ['{attr} staat in geen enkele stap, dus klanten zien het nooit.', 'Kies er een stap voor.'],
  },
  alreadyInStep: {
    en: ['{attr} is in two steps.', 'Keep it in one step.'],
    nl: ['{attr} staat in twee stappen.', 'Laat het in één stap staan.'],
  },
  noDefault: {
    en: ['The defaults give no value for {attr}.', 'Choose a default on the Defaults tab.'],
    nl: ['De standaardconfiguratie geeft geen waarde voor {attr}.', 'Kies een standaard op het tabblad Standaard.'],
  },
  badDefault: {
    en: ['The default of {attr} does not fit it.', 'Choose one of its options on the Defaults tab.'],
    nl: ['De standaard van {attr} past er niet bij.', 'Kies een van de opties op het tabblad Standaard.'],
  },
  unsatisfiable: {
    en: ['No product can be made: these rules contradict each other: {rules}.', 'Loosen or remove one of them.'],
    nl: ['Er kan geen product gemaakt worden: deze regels spreken elkaar tegen: {rules}.', 'Versoepel of verwijder er een.'],
  },
  forced: {
    en: ['{attr} can only ever be {option}: the rules leave shoppers no choice.', 'Look at the rules that name {attr}.'],
    nl: ['{attr} kan alleen {option} zijn: de regels laten klanten geen keus.', 'Bekijk de regels die {attr} noemen.'],
  },
  dead: {
    en: ['{where} can never be chosen: the rules rule it out in every product.', 'Look at the rules that name it, or remove it.'],
    nl: [
      '{where} kan nooit gekozen worden: de regels sluiten het in elk product uit.',
      'Bekijk de regels die het noemen, of verwijder het.',
    ],
  },
  defaultsBreak: {
    en: ['The default product breaks {rule}.', 'Change the defaults, or the rule.'],
    nl: ['Het standaardproduct overtreedt {rule}.', 'Pas de standaard aan, of de regel.'],
  },
  neverFires: {
    en: [
      '{where} never applies: its “if” part never holds in a product that can be made.',
      'Check its “if” part, or remove the rule.',
    ],
    nl: [
      '{where} geldt nooit: het “als”-deel klopt in geen enkel product dat gemaakt kan worden.',
      'Controleer het “als”-deel, of verwijder de regel.',
    ],
  },
  neverRestricts: {
    en: ['{where} changes nothing: other rules already forbid what it forbids.', 'Remove it, unless you keep it on purpose.'],
    nl: ['{where} verandert niets: andere regels verbieden al wat deze verbiedt.', 'Verwijder haar, tenzij u haar bewust houdt.'],
  },
  duplicateRule: {
    en: ['{where} repeats {rule}.', 'Remove one of the two.'],
    nl: ['{where} herhaalt {rule}.', 'Verwijder een van beide.'],
  },
  tooComplex: {
    en: [
      'The rules of this product are too complex to check: {detail}',
      'Split large tables of allowed combinations, or loosen the rules named.',
    ],
    nl: [
      'De regels van dit product zijn te ingewikkeld om te controleren: {detail}',
      'Splits grote tabellen van toegestane combinaties, of versoepel de genoemde regels.',
    ],
  },
  modelPart: {
    en: [
      '{where} uses the {kind} “{name}”, which the model does not have.',
      'Map “{name}” to a part of the new model under 3D model.',
    ],
    nl: [
      '{where} gebruikt {kind} “{name}”, maar dat ontbreekt in het model.',
      'Koppel “{name}” aan een deel van het nieuwe model onder 3D-model.',
    ],
  },
  modelOther: {
    en: ['3D model: {detail}', 'Upload the model again, or choose another file.'],
    nl: ['3D-model: {detail}', 'Upload het model opnieuw, of kies een ander bestand.'],
  },
  localTooComplex: {
    en: [
      'This draft is too complex to check here; the server will check it when you save.',
      'Save the draft to see the server’s checks.',
    ],
    nl: [
      'Dit ontwerp is te ingewikkeld om hier te controleren; de server controleert het bij opslaan.',
      'Sla het ontwerp op om de controles van de server te zien.',
    ],
  },
  other: {
    en: ['{where}: {detail}', ''],
    nl: ['{where}: {detail}', ''],
  },
};

const WORDS: Record<Lang, Record<string, string>> = {
  en: {
    product: 'The product',
    rule: 'rule {n}',
    Rule: 'Rule {n}',
    attribute: '“{label}”',
    option: 'the option “{option}” of “{attr}”',
    Option: 'The option “{option}” of “{attr}”',
    none: '“none” of “{attr}”',
    step: 'Step “{label}”',
    defaults: 'The defaults',
    model: 'The 3D model',
    details: 'Details',
    material: 'material',
    mesh: 'mesh',
    node: 'part',
    values: 'values',
    options: 'options',
    attributes: 'attributes',
    rows: 'rows',
    steps: 'steps',
    attrs: 'attributes',
    optionIds: 'options',
    attributeIds: 'attributes',
    ruleIds: 'rules',
    stepIds: 'steps',
  },
  nl: {
    product: 'Het product',
    rule: 'regel {n}',
    Rule: 'Regel {n}',
    attribute: '“{label}”',
    option: 'de optie “{option}” van “{attr}”',
    Option: 'De optie “{option}” van “{attr}”',
    none: '“geen” van “{attr}”',
    step: 'Stap “{label}”',
    defaults: 'De standaardconfiguratie',
    model: 'Het 3D-model',
    details: 'Gegevens',
    material: 'het materiaal',
    mesh: 'de mesh',
    node: 'het onderdeel',
    values: 'waarden',
    options: 'opties',
    attributes: 'kenmerken',
    rows: 'rijen',
    steps: 'stappen',
    attrs: 'kenmerken',
    optionIds: 'opties',
    attributeIds: 'kenmerken',
    ruleIds: 'regels',
    stepIds: 'stappen',
  },
};

const fill = (s: string, vars: Vars) => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Field names of the schema, in the producer's words. */
const FIELDS: Record<string, Record<Lang, string>> = {
  label: { en: 'the label', nl: 'het label' },
  name: { en: 'the name', nl: 'de naam' },
  id: { en: 'the id', nl: 'de id' },
  hex: { en: 'the swatch colour', nl: 'de kleur van het staal' },
  price: { en: 'the surcharge', nl: 'de toeslag' },
  amount: { en: 'the amount', nl: 'het bedrag' },
  basePrice: { en: 'the base price', nl: 'de basisprijs' },
  currency: { en: 'the currency', nl: 'de valuta' },
  description: { en: 'the description', nl: 'de beschrijving' },
  message: { en: 'the reason (“because”)', nl: 'de reden (“omdat”)' },
  file: { en: 'the model file', nl: 'het modelbestand' },
  maxLength: { en: 'the maximum length', nl: 'de maximale lengte' },
};

/** Names the place of a JSON path in the product, as the producer knows it. */
export function placeOf(path: (string | number)[], doc: DraftDoc, lang: Lang): string {
  const w = WORDS[lang];
  const [head, i, sub, j] = path;
  if (head === 'rules' && typeof i === 'number') return fill(w.Rule!, { n: i + 1 });
  if (head === 'attributes' && typeof i === 'number') {
    const a = doc.attributes?.[i];
    const attr = textLabel(a?.label, lang) || a?.id || String(i + 1);
    if (sub === 'options' && typeof j === 'number' && a && a.kind !== 'text') {
      const o = a.options?.[j];
      return fill(w.Option!, { option: textLabel(o?.label, lang) || o?.id || String(j + 1), attr });
    }
    return capital(fill(w.attribute!, { label: attr }));
  }
  if (head === 'steps' && typeof i === 'number') {
    const s = doc.steps?.[i];
    return fill(w.step!, { label: textLabel(s?.label, lang) || s?.id || String(i + 1) });
  }
  if (head === 'defaults') return w.defaults!;
  if (head === 'model') return w.model!;
  if (head === undefined) return w.product!;
  return w.details!;
}

/** The label of an attribute by id (quoted), else its id. */
function attrName(doc: DraftDoc, id: string, lang: Lang): string {
  const a = doc.attributes?.find((x) => x.id === id);
  return `“${textLabel(a?.label, lang) || id}”`;
}
function optionName(doc: DraftDoc, attrId: string, optionId: string, lang: Lang): string {
  const a = doc.attributes?.find((x) => x.id === attrId);
  const o = a && a.kind !== 'text' ? a.options?.find((x) => x.id === optionId) : undefined;
  return textLabel(o?.label, lang) || optionId;
}
function ruleName(doc: DraftDoc, id: string, lang: Lang): string {
  const k = doc.rules?.findIndex((r) => r.id === id) ?? -1;
  return k >= 0 ? fill(WORDS[lang].rule!, { n: k + 1 }) : `“${id}”`;
}

/** The last named field of a path ("label", "in", …) in words. */
function fieldOf(path: (string | number)[], lang: Lang): string {
  const key = [...path].reverse().find((p): p is string => typeof p === 'string' && !['en', 'nl'].includes(p));
  if (!key) return WORDS[lang].values!;
  if (key === 'in' || key === 'notIn' || key === 'to' || key === 'is') return WORDS[lang].values!;
  return FIELDS[key]?.[lang] ?? WORDS[lang][key] ?? `“${key}”`;
}

/** One raw finding → [kind of mistake, variables]. */
function classify(f: RawFinding, doc: DraftDoc, lang: Lang): [string, Vars] {
  const where = placeOf(f.path, doc, lang);
  const m = f.message;
  let x: RegExpExecArray | null;
  if (f.code === 'model') {
    x = /points at (material|mesh|node) "(.+)", which the model/.exec(m) ?? /placed on (mesh) "(.+)", which the model/.exec(m);
    if (x) return ['modelPart', { where, kind: WORDS[lang][x[1]!]!, name: x[2]! }];
    return ['modelOther', { detail: m }];
  }
  switch (f.code) {
    case 'unsatisfiable': {
      const ids = (/these conflict: (.*)$/.exec(m)?.[1] ?? '').split(', ').filter(Boolean);
      return ['unsatisfiable', { rules: ids.map((id) => ruleName(doc, id, lang)).join(', ') }];
    }
    case 'forced-attribute': {
      const a = doc.attributes?.[Number(f.path[1])];
      const v = /can only be (?:"(.+)"|none)$/.exec(m);
      const option = v?.[1] ? `“${optionName(doc, a?.id ?? '', v[1], lang)}”` : lang === 'nl' ? '“geen”' : '“none”';
      return ['forced', { attr: `“${textLabel(a?.label, lang) || a?.id}”`, option }];
    }
    case 'dead-option': {
      if (f.path[2] === 'optional') {
        const a = doc.attributes?.[Number(f.path[1])];
        return ['dead', { where: capital(fill(WORDS[lang].none!, { attr: textLabel(a?.label, lang) || a?.id || '' })) }];
      }
      return ['dead', { where }];
    }
    case 'defaults-break-rules':
      return ['defaultsBreak', { rule: ruleName(doc, /rule "(.+)"$/.exec(m)?.[1] ?? '', lang) }];
    case 'rule-never-fires':
      return ['neverFires', { where }];
    case 'rule-never-restricts':
      return ['neverRestricts', { where }];
    case 'duplicate-rule':
      return ['duplicateRule', { where, rule: ruleName(doc, /repeats rule "(.+)"$/.exec(m)?.[1] ?? '', lang) }];
    case 'too-complex':
      return ['tooComplex', { detail: m.replace(/^The rules of this product are too complex to compile within /, '') }];
    case 'local-too-complex':
      return ['localTooComplex', {}];
  }
  // The schema's messages (catalog/schema/validateProduct.ts and zod's).
  if ((x = /^(?:attribute )?"(.+)" has no option "(.+)"$/.exec(m)))
    return f.path[0] === 'defaults'
      ? ['badDefault', { attr: attrName(doc, x[1]!, lang) }]
      : ['unknownOption', { where, attr: attrName(doc, x[1]!, lang), option: x[2]! }];
  if ((x = /^unknown attribute "(.+)"$/.exec(m))) return ['unknownAttribute', { where, attr: x[1]! }];
  if ((x = /^attribute "(.+)" is not optional, so it cannot be none/.exec(m)))
    return ['noneNotAllowed', { where, attr: attrName(doc, x[1]!, lang) }];
  if ((x = /^text attribute "(.+)" can only be compared with null/.exec(m)))
    return ['textCompare', { where, attr: attrName(doc, x[1]!, lang) }];
  if ((x = /^"(.+)" is not optional: choose one of its options$/.exec(m)))
    return ['badDefault', { attr: attrName(doc, x[1]!, lang) }];
  if ((x = /^the default configuration gives no value for "(.+)"$/.exec(m)))
    return ['noDefault', { attr: attrName(doc, x[1]!, lang) }];
  if ((x = /^attribute "(.+)" is in no step$/.exec(m))) return ['inNoStep', { attr: attrName(doc, x[1]!, lang) }];
  if ((x = /^attribute "(.+)" is already in step/.exec(m))) return ['alreadyInStep', { attr: attrName(doc, x[1]!, lang) }];
  if ((x = /^duplicate (option|attribute|rule|step) id "(.+?)"/.exec(m)))
    return ['duplicateId', { what: WORDS[lang][`${x[1]}Ids`]!, id: x[2]! }];
  if (/does not say which materials or meshes it changes/.test(m)) return ['noTarget', { where }];
  if ((x = /^unknown field\(s\): (.*)$/.exec(m))) return ['unknownFields', { where, fields: x[1]! }];
  if ((x = /^Too small: expected array to have >=?(\d+) items?$/.exec(m)))
    return ['tooFewValues', { where, field: fieldOf(f.path, lang), n: Math.max(1, Number(x[1])) }];
  if (/^Too small: expected string to have >=?1 characters?$/.test(m)) return ['empty', { where, field: fieldOf(f.path, lang) }];
  if (/^(Invalid|Too big|Too small|Unrecognized)/.test(m))
    return ['badValue', { where, field: fieldOf(f.path, lang), detail: m }];
  return ['other', { where, detail: m }];
}

/**
 * The checks in the producer's words and language: each finding says what is wrong, where
 * (by label, not JSON path) and how to fix it; findings that say the same thing about the
 * same place (one mistake, several paths) become one message.
 */
export function producerMessages(findings: RawFinding[], doc: DraftDoc, locale: string): ProducerMessage[] {
  const lang: Lang = locale === 'nl' ? 'nl' : 'en';
  const out = new Map<string, ProducerMessage>();
  for (const f of findings) {
    const [kind, vars] = classify(f, doc, lang);
    const [what, fix] = TEXT[kind]![lang];
    const text = capital(fill(what, vars));
    const key = `${f.severity}|${text}`;
    const seen = out.get(key);
    if (seen) seen.count++;
    else out.set(key, { severity: f.severity, path: f.path, text, fix: fill(fix, vars), count: 1 });
  }
  // Errors first: they block publishing.
  return [...out.values()].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}
