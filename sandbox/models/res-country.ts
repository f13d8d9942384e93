// res.country (base): countries, looked up by their ISO code.

import type { ModelBehaviour } from './model-behaviour.js';

export const resCountry: ModelBehaviour = {
  name: 'res.country',
  description: 'Country',
  order: 'name',
  sqlConstraints: [
    { kind: 'unique', name: 'res_country_name_uniq', columns: ['name'], message: 'The name of the country must be unique !' },
    { kind: 'unique', name: 'res_country_code_uniq', columns: ['code'], message: 'The code of the country must be unique !' },
  ],
  cleanValues(_env, columns) {
    // res.country's create and write store codes in upper case.
    if (typeof columns.code === 'string') columns.code = columns.code.toUpperCase();
  },
};
