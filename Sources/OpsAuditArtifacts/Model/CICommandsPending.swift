extension RepoModel {
    var azureCommands: [CICommand] { [] }
    var bitbucketCommands: [CICommand] { [] }
    var jenkinsCommands: [CICommand] { [] }
}
