SELECT w.word, w.language, tsvector_to_array(to_tsvector(articles_search_config(w.language), w.word)) AS lexemes
FROM unnest(ARRAY['trattato', 'Trattato', 'trattati', 'trattativa', 'trattative', 'trattare', 'trattamento', 'trattenuto', 'trattoria', 'trattandosi',
                  'tratta', 'trattando', 'trattata', 'trattato,', 'trattato.', 'trattati.', 'trattativa,', 'trattatello', 'trattabile', 'trattarsi',
                  'treaty', 'treaties', 'treaty,', 'treaty.', 'Treaty', 'retreat', 'treat', 'treated', 'treatment', 'treats',
                  'ossezia', 'Ossezia', 'ossezia,', 'osseziani', 'ossequio', 'osservare', 'osservatori', 'ossia', 'osso', 'ossessione'],
            ARRAY['it', 'it', 'it', 'it', 'it', 'it', 'it', 'it', 'it', 'it', 'it', 'it', 'it', 'it', 'it', 'it', 'it', 'it', 'it', 'it',
                  'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'it', 'it', 'it', 'it', 'it', 'it', 'it', 'it', 'it', 'it']) AS w(word, language);
