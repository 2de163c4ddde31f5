/**
 * Redocly plugin: teaches the linter the data standard's own JSON Schema keyword `maxDecimals`
 * (gateway/standard/formats.ts), so the standard's schemas lint clean where the contract embeds them.
 */
module.exports = function standardVocabulary() {
  return {
    id: 'standard-vocabulary',
    typeExtension: {
      oas3(types) {
        const schema = types.Schema;
        return { ...types, Schema: { ...schema, properties: { ...schema.properties, maxDecimals: { type: 'integer' } } } };
      },
    },
  };
};
