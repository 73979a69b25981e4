using ArticlesApi.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(ApiFactory))]
