package io.cutover.core.db;

/** The server family: MySQL and MariaDB differ in variables, statements and privileges. */
public enum ServerFlavor { MYSQL, AURORA_MYSQL, MARIADB }
