namespace ArticlesApi.Bench.DataGenerator;

/// Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s: a few items very common,
/// a long tail of rare ones, as tags and words are in real newsrooms.
sealed class Zipf
{
    readonly double[] _cumulative;

    public Zipf(int n, double s = 1.07)
    {
        _cumulative = new double[n];
        double sum = 0;
        for (var i = 0; i < n; i++)
            _cumulative[i] = sum += 1 / Math.Pow(i + 1, s);
        for (var i = 0; i < n; i++)
            _cumulative[i] /= sum;
    }

    public int Next(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
    }
}
