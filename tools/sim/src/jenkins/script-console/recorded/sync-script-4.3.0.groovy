// fleet-portal:clouds-sync
// Replaces the EC2 Fleet clouds of this controller with the declared ones and keeps every other cloud.
// The declaration below is data, parsed as JSON; nothing of it is ever run as code.
// Written for ec2-fleet plugin 4.3.0 and later: 26 constructor arguments.
import jenkins.model.Jenkins

def declaration = new groovy.json.JsonSlurper().parseText('{"clouds":[{"name":"rhel8","awsCredentialsId":null,"region":"us-east-1","endpoint":null,"fleet":"asg-1","labelString":"rhel8","fsRoot":null,"computerConnector":{"sshConnector":{"credentialsId":"jenkins","port":22,"jvmOptions":null,"javaPath":null,"prefixStartSlaveCmd":null,"suffixStartSlaveCmd":null,"launchTimeoutSeconds":60,"maxNumRetries":10,"retryWaitTime":15,"sshHostKeyVerificationStrategy":"nonVerifyingKeyVerificationStrategy","workDir":null,"tcpNoDelay":true}},"privateIpUsed":false,"alwaysReconnect":false,"idleMinutes":0,"minSize":0,"maxSize":0,"minSpareSize":0,"numExecutors":1,"addNodeOnlyIfRunning":false,"restrictUsage":false,"maxTotalUses":-1,"disableTaskResubmit":false,"initOnlineTimeoutSec":180,"initOnlineCheckIntervalSec":15,"cloudStatusIntervalSec":10,"noDelayProvision":false,"scaleExecutorsByWeight":false,"executorScaler":"noScaler","environmentVariables":[]}]}')

def symbolOf(spec) {
    return spec instanceof Map ? spec.keySet().iterator().next() : spec
}

def settingsOf(spec) {
    return spec instanceof Map ? spec.values().iterator().next() : [:]
}

def hostKeyVerificationStrategyFrom(spec) {
    def types = [
        nonVerifyingKeyVerificationStrategy: hudson.plugins.sshslaves.verifiers.NonVerifyingKeyVerificationStrategy,
        knownHostsFileKeyVerificationStrategy: hudson.plugins.sshslaves.verifiers.KnownHostsFileKeyVerificationStrategy,
        manuallyProvidedKeyVerificationStrategy: hudson.plugins.sshslaves.verifiers.ManuallyProvidedKeyVerificationStrategy,
        manuallyTrustedKeyVerificationStrategy: hudson.plugins.sshslaves.verifiers.ManuallyTrustedKeyVerificationStrategy,
    ]
    def type = types[symbolOf(spec)]
    if (type == null) throw new IllegalArgumentException("unknown host key verification strategy " + symbolOf(spec))
    return org.jenkinsci.plugins.structs.describable.DescribableModel.of(type).instantiate(settingsOf(spec))
}

// The connector is built from its settings by name, as JCasC builds it, so settings the portal
// does not model still reach the setters of SSHConnector.
def computerConnectorFrom(spec) {
    if (symbolOf(spec) != "sshConnector") throw new IllegalArgumentException("cannot build a " + symbolOf(spec) + " connector")
    def settings = new LinkedHashMap(settingsOf(spec))
    settings.sshHostKeyVerificationStrategy = hostKeyVerificationStrategyFrom(settings.sshHostKeyVerificationStrategy)
    settings.entrySet().removeIf { entry -> entry.value == null }
    return org.jenkinsci.plugins.structs.describable.DescribableModel.of(hudson.plugins.sshslaves.SSHConnector).instantiate(settings)
}

def executorScalerFrom(spec) {
    def symbol = symbolOf(spec)
    def settings = settingsOf(spec)
    if (symbol == "noScaler") return new com.amazon.jenkins.ec2fleet.EC2FleetCloud.NoScaler()
    if (symbol == "weightedScaler") return new com.amazon.jenkins.ec2fleet.EC2FleetCloud.WeightedScaler()
    if (symbol == "nodeHardwareScaler") return new com.amazon.jenkins.ec2fleet.EC2FleetCloud.NodeHardwareScaler(settings.vCpuPerExecutor as int, settings.memoryGiBPerExecutor as int)
    throw new IllegalArgumentException("unknown executor scaler " + symbol)
}

// Every cloud is built before any is replaced, so a refused one leaves the controller as it was.
def fleetClouds = declaration.clouds.collect { c ->
    def cloud = new com.amazon.jenkins.ec2fleet.EC2FleetCloud(
        c.name as String,
        c.awsCredentialsId as String,
        null,
        c.region as String,
        c.endpoint as String,
        c.fleet as String,
        c.labelString as String,
        c.fsRoot as String,
        computerConnectorFrom(c.computerConnector),
        c.privateIpUsed as boolean,
        c.alwaysReconnect as boolean,
        c.idleMinutes as Integer,
        c.minSize as int,
        c.maxSize as int,
        c.minSpareSize as int,
        c.numExecutors as int,
        c.addNodeOnlyIfRunning as boolean,
        c.restrictUsage as boolean,
        String.valueOf(c.maxTotalUses),
        c.disableTaskResubmit as boolean,
        c.initOnlineTimeoutSec as Integer,
        c.initOnlineCheckIntervalSec as Integer,
        c.cloudStatusIntervalSec as Integer,
        c.noDelayProvision as boolean,
        c.scaleExecutorsByWeight as boolean,
        executorScalerFrom(c.executorScaler)
    )
    cloud.setEnvironmentVariables(c.environmentVariables.collect { variable -> new com.amazon.jenkins.ec2fleet.CloudEnvironmentVariable(variable.name as String, variable.value as String) })
    cloud
}
def jenkins = Jenkins.instance
def otherClouds = jenkins.clouds.findAll { cloud -> cloud.getClass().name != "com.amazon.jenkins.ec2fleet.EC2FleetCloud" }
jenkins.clouds.replaceBy(fleetClouds + otherClouds)
jenkins.save()
println("fleet-portal: applied " + fleetClouds.size() + " EC2 Fleet clouds")
