/*
 * loop_inbox.c - what other threads hand to an event loop: accepted
 * sockets, connections to resume, jobs the pool gave a slot to.  Each goes
 * into the loop's inbox under inbox_lock, and whoever fills an empty inbox
 * writes the loop's eventfd once.  It must not touch a loop's own state
 * (its jobs, slots, lists): only its thread does (loop.c).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loop_int.h"

Loop       *loop_all[MAX_LOOPS];
atomic_int  loop_count;
_Thread_local Loop *loop_current;

/* Appends a job to a list. */
void
loop_list_append(JobList *l, LoopJob *j)
{
    j->next = NULL;
    j->prev = l->tail;
    if (l->tail)
        l->tail->next = j;
    else
        l->head = j;
    l->tail = j;
}

/* Takes a job out of a list. */
void
loop_list_remove(JobList *l, LoopJob *j)
{
    if (j->prev)
        j->prev->next = j->next;
    else
        l->head = j->next;
    if (j->next)
        j->next->prev = j->prev;
    else
        l->tail = j->prev;
    j->prev = j->next = NULL;
}

/* Wakes the loop after its inbox was filled; caller holds inbox_lock. */
void
loop_signal_locked(Loop *l)
{
    uint64_t    one = 1;

    if (l->signalled || loop_current == l)
        return;                 /* it drains the inbox before it sleeps again */
    l->signalled = true;
    if (write(l->evfd, &one, sizeof(one)) != sizeof(one))
        fprintf(stderr, "interview-proxy: eventfd write: %s\n", strerror(errno));
}

/* The pool's callback: a slot was handed to a waiting job (pool lock held). */
void
loop_slot_handed(PoolWaiter *w)
{
    LoopJob    *j = (LoopJob *) w;
    Loop       *l = j->loop;

    pthread_mutex_lock(&l->inbox_lock);
    j->handed_next = l->handed;
    l->handed = j;
    loop_signal_locked(l);
    pthread_mutex_unlock(&l->inbox_lock);
}

/* See loop.h. */
bool
loop_add_connection(Loop *l, int fd, const struct sockaddr *addr, socklen_t len,
                    atomic_int *count)
{
    NewConn    *nc = calloc(1, sizeof(NewConn));

    if (nc == NULL || len > sizeof(nc->addr))
    {
        free(nc);
        close(fd);
        return false;
    }
    nc->count = count;
    nc->fd = fd;
    nc->len = len;
    memcpy(&nc->addr, addr, len);
    pthread_mutex_lock(&l->inbox_lock);
    nc->next = l->new_conns;
    l->new_conns = nc;
    loop_signal_locked(l);
    pthread_mutex_unlock(&l->inbox_lock);
    return true;
}

/* The loop of a connection's daemon. */
static Loop *
loop_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn,
                                                                 MHD_CONNECTION_INFO_DAEMON);
    int         n = atomic_load(&loop_count);

    for (int i = 0; ci != NULL && i < n; i++)
        if (loop_all[i]->daemon == ci->daemon)
            return loop_all[i];
    return NULL;
}

/* See loop.h. */
void
loop_resume(struct MHD_Connection *conn)
{
    Loop       *l = loop_of(conn);

    if (l == NULL)
        return;
    if (loop_current == l)
    {
        MHD_resume_connection(conn);
        l->run_mhd = true;
        return;
    }
    pthread_mutex_lock(&l->inbox_lock);
    if (l->nresumes == l->capresumes)
    {
        size_t      cap = l->capresumes ? l->capresumes * 2 : 64;
        struct MHD_Connection **p = realloc(l->resumes, cap * sizeof(*p));

        if (p == NULL)
        {
            /* cannot happen in practice; the connection stays suspended until its timeout */
            pthread_mutex_unlock(&l->inbox_lock);
            fprintf(stderr, "interview-proxy: resume: out of memory\n");
            return;
        }
        l->resumes = p;
        l->capresumes = cap;
    }
    l->resumes[l->nresumes++] = conn;
    loop_signal_locked(l);
    pthread_mutex_unlock(&l->inbox_lock);
}
