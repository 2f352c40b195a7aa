/** Types for the parts of `natural` imported by path (its index types cover only the main entry). */
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
}
declare module 'natural/lib/natural/tfidf/tfidf.js' {
  export default class TfIdf {
    addDocument(document: string): void;
    listTerms(documentIndex: number): Array<{ term: string; tfidf: number }>;
  }
}
