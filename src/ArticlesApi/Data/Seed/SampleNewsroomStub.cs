namespace ArticlesApi.Data.Seed; static class SampleNewsroom { public static void AddTo(ArticlesDb db, DateTime now) { } }
