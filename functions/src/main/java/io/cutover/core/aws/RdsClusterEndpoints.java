package io.cutover.core.aws;

import io.cutover.core.db.ClusterEndpoints;
import io.cutover.core.error.ConfigurationException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;

/**
 * The writer endpoint of an Aurora cluster from RDS DescribeDBClusters: {@code DBCluster.Endpoint} is "the connection
 * endpoint for the primary instance of the DB cluster" and {@code Port} its port
 * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBCluster.html). IAM: rds:DescribeDBClusters on the
 * cluster (template.yaml, DatabaseAccessPolicy).
 */
public final class RdsClusterEndpoints implements ClusterEndpoints {
    private final RdsClient rds;

    public RdsClusterEndpoints(RdsClient rds) {
        this.rds = rds;
    }

    @Override
    public Address writer(String clusterIdentifier) {
        DBCluster cluster;
        try {
            cluster = rds.describeDBClusters(r -> r.dbClusterIdentifier(clusterIdentifier)).dbClusters().stream()
                    .findFirst().orElseThrow(() -> notFound(clusterIdentifier));
        } catch (DbClusterNotFoundException e) {
            throw notFound(clusterIdentifier);
        } catch (SdkException e) {
            throw AwsErrors.translate("reading the endpoint of cluster " + clusterIdentifier, e);
        }
        if (cluster.endpoint() == null || cluster.endpoint().isBlank()) {
            throw new ConfigurationException("target.clusterIdentifier: cluster '" + clusterIdentifier + "' has no writer endpoint yet"
                    + " (status " + cluster.status() + ")");
        }
        return new Address(cluster.endpoint(), cluster.port() != null ? cluster.port() : 3306);
    }

    private static ConfigurationException notFound(String clusterIdentifier) {
        return new ConfigurationException("target.clusterIdentifier: no Aurora DB cluster named '" + clusterIdentifier
                + "' in this account and region");
    }
}
