package io.cutover.core.db;

import io.cutover.core.error.ConfigurationException;

/**
 * Where an Aurora DB cluster's writer listens, for a secret that holds no host: the master user secret RDS manages
 * ({@code rds!cluster-…}, ManageMasterUserPassword) holds the user name and the password only. Cutover reads that
 * secret as it is (it stays current when RDS rotates it) and takes host and port from the cluster named by
 * {@code target.clusterIdentifier}.
 */
public interface ClusterEndpoints {
    /** Host and port of a cluster's writer endpoint. */
    record Address(String host, int port) {}

    /** The writer endpoint of {@code clusterIdentifier}; a {@link ConfigurationException} naming the field if none. */
    Address writer(String clusterIdentifier);

    /** For places that know no cluster (the local rehearsal): every lookup is a configuration error. */
    ClusterEndpoints NONE = clusterIdentifier -> {
        throw new ConfigurationException("target.clusterIdentifier: cannot look up the endpoint of cluster '" + clusterIdentifier
                + "' here; put host and port into the secret");
    };
}
