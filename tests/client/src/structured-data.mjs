// Checks an article page's JSON-LD the way the @adobe/structured-data-validator README does: the page's HTML is
// parsed by @marbec/web-auto-extractor, and the extracted items are validated, with a handler for NewsArticle
// (and its subtypes) that states Google's Article rich-result properties
// (https://developers.google.com/search/docs/appearance/structured-data/article): the package validates
// Person, Organization and ImageObject itself but has no Article handler. No schema.org vocabulary check: the
// package fetches that from schema.org, which the suite cannot reach.
// Usage: node src/structured-data.mjs page.html → prints { items, issues } as JSON; exits 1 when an issue is an ERROR
// (WARNINGs are Google's recommended properties that are missing) or nothing was found.
import { readFileSync } from 'node:fs';
import Validator from '@adobe/structured-data-validator';
import BaseValidator from '@adobe/structured-data-validator/src/types/base.js';
import WebAutoExtractor from '@marbec/web-auto-extractor';

// ISO 8601 with a time and a time zone, as Google asks for datePublished and dateModified.
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const images = (value) => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const absolute = (url) => typeof url === 'string' && /^https?:\/\/[^/]/.test(url);

// Each image: an absolute http(s) URL (Google must be able to fetch it from anywhere), or an ImageObject with one and,
// when it gives a size, both width and height as positive integers.
function imageIssues(image, i) {
  if (typeof image === 'string') return absolute(image) ? [] : [`image[${i}] is not an absolute http(s) URL: ${image}`];
  if (image?.['@type'] !== 'ImageObject') return [`image[${i}] is neither a URL nor an ImageObject`];
  const issues = absolute(image.url) ? [] : [`image[${i}].url is not an absolute http(s) URL: ${image.url}`];
  const sized = ['width', 'height'].filter((n) => image[n] !== undefined);
  if (sized.length === 1) issues.push(`image[${i}] has a ${sized[0]} without the other dimension`);
  for (const n of sized) if (!(Number.isInteger(image[n]) && image[n] > 0)) issues.push(`image[${i}].${n} is not a positive integer`);
  return issues;
}

class NewsArticleValidator extends BaseValidator {
  getConditions(data) {
    const conditions = [
      this.required('headline', 'string'),
      (d) => (typeof d.headline === 'string' && [...d.headline].length > 110
        ? { issueMessage: 'headline is longer than 110 characters', severity: 'ERROR', path: this.path, fieldNames: ['headline'] }
        : null),
      this.required('description', 'string'),
      this.required('datePublished', 'date'),
      this.required('dateModified', 'date'),
      // (The package's own 'regex' type check takes its pattern as an array and throws.)
      ...['datePublished', 'dateModified'].map((name) => (d) => (typeof d[name] === 'string' && !isoDateTime.test(d[name])
        ? { issueMessage: `${name} is not an ISO 8601 date-time with a time zone`, severity: 'ERROR', path: this.path, fieldNames: [name] }
        : null)),
      this.required('author', 'arrayOrObject'),
      // Recommended by Google, not required: articles without a feature image still qualify. A URL, an ImageObject or a
      // list of them (Google's Article docs); not the package's 'url' type check, which calls startsWith on every value
      // and throws a TypeError on an ImageObject (@adobe/structured-data-validator 1.7.1, types/base.js checkType).
      this.recommended('image'),
      (d) => images(d.image).flatMap((image, i) => imageIssues(image, i)).map((issueMessage) =>
        ({ issueMessage, severity: 'ERROR', path: this.path, fieldNames: ['image'] }))[0] ?? null,
      this.required('inLanguage', 'string'),
      this.required('mainEntityOfPage.@id', 'url'),
      this.required('publisher.name', 'string'),
      this.required('publisher.logo.url', 'url'),
      this.required('isAccessibleForFree'),
    ];
    // Google: every author is a Person or Organization with a name, and a url that identifies them.
    const authors = Array.isArray(data?.author) ? data.author : data?.author ? [data.author] : [];
    authors.forEach((author, i) => {
      conditions.push(() => (['Person', 'Organization'].includes(author['@type']) && author.url
        ? null
        : { issueMessage: `author[${i}] must be a Person or Organization with a url`, severity: 'ERROR', path: this.path, fieldNames: ['author'] }));
    });
    return conditions.map((c) => c.bind(this));
  }
}

const html = readFileSync(process.argv[2], 'utf8');
const extracted = new WebAutoExtractor({ addLocation: false, embedSource: false }).parse(html);
const items = JSON.parse(JSON.stringify(extracted.jsonld ?? {}));
const validator = new Validator();
// The article's schema.org type follows its kind: every one is an Article to Google, with the same properties.
for (const type of ['NewsArticle', 'ReportageNewsArticle', 'AnalysisNewsArticle', 'OpinionNewsArticle', 'BackgroundNewsArticle',
  'AdvertiserContentArticle']) {
  validator.registeredHandlers[type] = [async () => ({ default: NewsArticleValidator })];
}
// The publisher's type is a subtype of Organization: the package's Organization handler checks it too.
validator.registeredHandlers.NewsMediaOrganization = validator.registeredHandlers.Organization;
const issues = await validator.validate(extracted);
process.stdout.write(JSON.stringify({ items, issues }, null, 2));
process.exit(!issues.some((i) => i.severity === 'ERROR') && Object.keys(items).length > 0 ? 0 : 1);
